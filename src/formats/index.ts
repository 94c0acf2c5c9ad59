// Formats: tensorpack-compatible serializers and the save/load pairs built on them.
export * from './serialize/index.ts';
export { LMDBData, KEYS_KEY, lmdbKeys, type LMDBDataOptions, type LMDBEntry } from './lmdb/LMDBData.ts';
export { LMDBDataDecoder } from './lmdb/LMDBDataDecoder.ts';
export { LMDBSerializer, type LMDBLoadOptions, type LMDBSaveOptions } from './lmdb/LMDBSerializer.ts';
export { NumpySerializer, type NumpyLoadOptions } from './numpy/NumpySerializer.ts';
export { readNpy } from './numpy/readNpy.ts';
export { TFRecordData } from './tfrecord/TFRecordData.ts';
export { TFRecordSerializer, type TFRecordLoadOptions, type TFRecordSaveOptions } from './tfrecord/TFRecordSerializer.ts';
export { HDF5Data, type HDF5DataOptions } from './hdf5/HDF5Data.ts';
export { HDF5Serializer } from './hdf5/HDF5Serializer.ts';
