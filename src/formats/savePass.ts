import type { DataFlow } from '../core/DataFlow.ts';
import { DataFlowError } from '../core/errors.ts';
import { Progress } from '../core/progress.ts';
import { dumps, type SerializerName } from './serialize/index.ts';

/**
 * The pass every `XSerializer.save` makes: resets `flow` (as tensorpack's
 * `_reset_df_and_get_size` does), refuses an endless flow, calls `each(dp, index)` for every
 * datapoint (a plain loop when the flow is synchronous) and shows progress on stderr, a bar on a
 * TTY. Resolves to the number of datapoints.
 */
export async function savePass<T>(who: string, flow: DataFlow<T>, path: string, each: (dp: T, index: number) => void): Promise<number> {
  flow.resetState();
  if (flow.length === Infinity) throw new DataFlowError(who, `cannot save ${flow.flowName} to ${path}: it is endless (length Infinity)`);
  const progress = new Progress({ label: `${who}.save ${path}`, total: flow.length });
  let index = 0;
  try {
    if (flow.isSync) {
      for (const dp of flow) {
        each(dp, index++);
        progress.tick();
      }
    } else {
      for await (const dp of flow) {
        each(dp, index++);
        progress.tick();
      }
    }
  } finally {
    progress.stop();
  }
  return index;
}

/** `dumps(dp)`, with a failure turned into an error naming the saver and the datapoint. */
export function serializeDatapoint(who: string, dp: unknown, index: number, serializer: SerializerName | undefined): Buffer {
  try {
    return dumps(dp, { serializer });
  } catch (e) {
    throw new DataFlowError(who, `cannot serialize datapoint ${index}: ${e instanceof Error ? e.message : String(e)}`, { index, cause: e });
  }
}
