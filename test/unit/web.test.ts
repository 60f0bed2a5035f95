// What a failed Slack call is recorded as: a code, never a message that could quote customer text.
import { describe, expect, it } from "vitest";
import { describeSlackError } from "../../src/web.ts";

describe("describeSlackError", () => {
  it("prefers Slack's own error code", () => {
    expect(
      describeSlackError({ code: "slack_webapi_platform_error", data: { error: "not_in_channel" } }),
    ).toBe("not_in_channel");
  });

  it("falls back to the error's code, then its class, and never its message", () => {
    const http = Object.assign(new Error("An HTTP protocol error occurred: statusCode = 503"), {
      code: "slack_webapi_http_error",
    });
    expect(describeSlackError(Object.assign(http, { statusCode: 503 }))).toBe("http_503");
    class PrismaClientValidationError extends Error {
      override name = "PrismaClientValidationError";
    }
    const orm = new PrismaClientValidationError("Invalid `create()`: { note: 'Matti from Kotikatu 5' }");
    expect(describeSlackError(orm)).toBe("PrismaClientValidationError");
    expect(describeSlackError("Kotikatu 5")).toBe("unknown_error");
    expect(describeSlackError(null)).toBe("unknown_error");
  });
});
