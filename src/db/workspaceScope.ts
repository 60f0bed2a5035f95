// Which Slack workspace the request being handled came from (OAuth mode), so that team look-ups in
// listeners see only that workspace's teams without every listener passing it along.
import { AsyncLocalStorage } from "node:async_hooks";

export interface Workspace {
  /** Slack's team id (T…): the workspace the request was made in. */
  id: string;
  enterpriseId: string | null;
}

export class WorkspaceScope {
  // NOTE: AsyncLocalStorage follows the request into everything it awaits, including the work a
  // listener starts after acking, so no listener can forget to pass the workspace on.
  private readonly storage = new AsyncLocalStorage<Workspace>();

  run<T>(workspace: Workspace, work: () => T): T {
    return this.storage.run(workspace, work);
  }

  /** The request's workspace; undefined outside a request (jobs, the CLI) and in single-workspace mode. */
  current(): Workspace | undefined {
    return this.storage.getStore();
  }
}
