export { sendDataflowZmq, type SendOptions, type ZmqSender } from './sendDataflowZmq.ts';
export { RemoteDataZMQ, type RemoteDataOptions, type JunkFrame } from './RemoteDataZMQ.ts';
export type { CurveOptions } from './CurveOptions.ts';
export type { LinkOptions } from './openSocket.ts';
export type { RateReport } from './RateReport.ts';
