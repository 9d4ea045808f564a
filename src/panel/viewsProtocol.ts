// The part of the panel's contract (protocol.ts) that the views of what a network learned
// speak: Predictions, Samples and Hidden states (docs/guide/what-it-learned.md). The
// webview asks, wrapped in `{type: 'view', request}`; the host answers, wrapped in
// `{type: 'view', message}`, computing in a worker thread so the editor never waits. The
// types are defined beside the code that answers (src/analysis/viewTypes.ts).

export type {
  ClassificationView,
  EpochSample,
  EpochViewFields,
  PredictionView,
  RegressionView,
  RunInspection,
  RunSample,
  ViewEpoch,
  ViewInfo,
  ViewMessage,
  ViewName,
  ViewRequest,
} from '../analysis/viewTypes';
