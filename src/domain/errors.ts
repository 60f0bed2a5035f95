// Errors a person can fix: listeners turn them into a clear reply in one place (src/slack/handle.ts).

export class UserError extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
    this.name = "UserError";
  }
}
