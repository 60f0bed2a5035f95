// OAuth mode: a workspace that uninstalled GoodCall (or revoked its token) keeps its data for the
// grace period, in case it comes back; after that the scheduler deletes it with everything in it.
import type { JobDeps } from "./outbox.ts";

export async function runWorkspaceDeletion(deps: JobDeps, now: Date): Promise<string[]> {
  const { services, workspaces } = deps;
  if (!workspaces) return [];
  const due = await services.installations.uninstalledBefore(
    new Date(now.getTime() - workspaces.deleteAfterMs),
  );
  const deleted: string[] = [];
  for (const workspaceId of due) {
    // One workspace failing (a locked file) must not keep the others' data.
    try {
      const { teams } = await services.installations.deleteWorkspace(workspaceId);
      services.logger.info(
        { workspaceId, teams },
        "uninstalled workspace's data deleted after the grace period",
      );
      deleted.push(workspaceId);
    } catch (error) {
      services.logger.error(
        { err: error, workspaceId, job: "workspace deletion" },
        "workspace deletion failed",
      );
    }
  }
  return deleted;
}
