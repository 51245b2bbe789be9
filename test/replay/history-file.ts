/**
 * Recorded histories as files: `{ workflowId, history }`, the history in proto JSON (what `temporal workflow
 * show --output json` prints), the same shape as test/replay/released/.
 *
 * Converted with protojson from the protobufjs copy that @temporalio/proto's types come from, not with the
 * SDK's historyToJSON / historyFromJSON: in this dependency tree those throw "type must be a Type", because
 * @temporalio/common and @temporalio/proto each get their own copy of protobufjs 8 (the root holds the
 * protobufjs 7 that grpc needs) and protojson checks `instanceof Type` against its own copy.
 */
import { temporal } from '@temporalio/proto';

export interface HistoryFile {
  workflowId: string;
  history: { events: Record<string, unknown>[] };
}

const protojson = require(require.resolve('protobufjs/ext/protojson', { paths: [require.resolve('@temporalio/proto')] })) as {
  toJson: (type: unknown, message: unknown) => HistoryFile['history'];
  fromJson: (type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }) => temporal.api.history.v1.History;
};

export function toHistoryFile(workflowId: string, history: temporal.api.history.v1.IHistory): HistoryFile {
  return { workflowId, history: protojson.toJson(temporal.api.history.v1.History, temporal.api.history.v1.History.fromObject(history)) };
}

export function fromHistoryFile(file: HistoryFile): temporal.api.history.v1.History {
  return protojson.fromJson(temporal.api.history.v1.History, file.history, { ignoreUnknownFields: true });
}
