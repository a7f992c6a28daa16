// Scalar transcendentals generic over f32/f64 (Mathf for f32, Math for f64), and the stable forms
// of sigmoid and softplus shared by the activation and loss kernels. Helpers, not module exports.

@inline export function expT<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>Mathf.exp(<f32>x);
  return <T>Math.exp(<f64>x);
}
@inline export function expm1T<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>Mathf.expm1(<f32>x);
  return <T>Math.expm1(<f64>x);
}
@inline export function logT<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>Mathf.log(<f32>x);
  return <T>Math.log(<f64>x);
}
@inline export function log1pT<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>Mathf.log1p(<f32>x);
  return <T>Math.log1p(<f64>x);
}
@inline export function tanhT<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>Mathf.tanh(<f32>x);
  return <T>Math.tanh(<f64>x);
}

/** Logistic sigmoid without overflow for any x. */
@inline export function sigmoidT<T>(x: T): T {
  if (x >= <T>0) return <T>1 / (<T>1 + expT<T>(-x));
  const e = expT<T>(x);
  return e / (<T>1 + e);
}

/** log(1 + e^x) without overflow. */
@inline export function softplusT<T>(x: T): T {
  return max<T>(x, <T>0) + log1pT<T>(expT<T>(-abs<T>(x)));
}

