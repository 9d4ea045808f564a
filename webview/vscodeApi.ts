// The webview side of the host connection: acquireVsCodeApi, typed with the page's own
// messages and state from src/panel/protocol.ts.

export interface VsCodeApi<ToHost, State> {
  postMessage(message: ToHost): void;
  setState(state: State): void;
  getState(): State | undefined;
}

declare function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;

/** Callable once per page, as VS Code allows. */
export function vscodeApi<ToHost, State>(): VsCodeApi<ToHost, State> {
  return acquireVsCodeApi() as VsCodeApi<ToHost, State>;
}
