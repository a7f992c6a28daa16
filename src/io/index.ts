export { load, registerModel, modelKinds, type ModelReader } from './load.js';
export { encodeArray, decodeArray, envelope, readEnvelope, readObject, readNumber, readString, FORMAT, FORMAT_VERSION, type ModelJSON, type EncodedArray, type ArrayDType } from './format.js';
