// The pages a person installing GoodCall sees in their browser after Slack's consent screen, in
// English or Finnish (by the browser's Accept-Language), with the one next step that matters.
import type { IncomingMessage, ServerResponse } from "node:http";

const PAGES = {
  en: {
    lang: "en",
    successTitle: "GoodCall is installed",
    successHeading: "GoodCall is installed in your workspace",
    nextStep: "Next step: open your team's channel in Slack and run",
    nextStepAfter: "GoodCall then makes the channel a team, and you its first manager.",
    openSlack: "Open Slack",
    failureTitle: "GoodCall was not installed",
    failureHeading: "GoodCall was not installed",
    failureText:
      "Slack did not complete the installation (it may have been cancelled, or the link was too old). Please start again from the install page.",
    tryAgain: "Start again",
  },
  fi: {
    lang: "fi",
    successTitle: "GoodCall on asennettu",
    successHeading: "GoodCall on asennettu työtilaasi",
    nextStep: "Seuraavaksi: avaa tiimisi kanava Slackissa ja kirjoita",
    nextStepAfter: "GoodCall tekee kanavasta tiimin ja sinusta sen ensimmäisen esihenkilön.",
    openSlack: "Avaa Slack",
    failureTitle: "GoodCallia ei asennettu",
    failureHeading: "GoodCallia ei asennettu",
    failureText:
      "Slack ei vienyt asennusta loppuun (se on ehkä peruttu, tai linkki oli liian vanha). Aloita uudelleen asennussivulta.",
    tryAgain: "Aloita uudelleen",
  },
} as const;

type Page = (typeof PAGES)[keyof typeof PAGES];

/** Finnish when the browser prefers it over English; English otherwise. */
export function pageLanguage(acceptLanguage: string | undefined): Page {
  const preferred = (acceptLanguage ?? "")
    .split(",")
    .map((part) => part.trim().split(";")[0]?.toLowerCase() ?? "")
    .find((tag) => tag.startsWith("fi") || tag.startsWith("en"));
  return preferred?.startsWith("fi") ? PAGES.fi : PAGES.en;
}

function page(p: Page, title: string, body: string): string {
  return `<!doctype html>
<html lang="${p.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1d1c1d}
h1{color:#2c5f2d}code{background:#f4f4f4;padding:.1rem .4rem;border-radius:4px;font-size:1.05em}
a.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;background:#2c5f2d;color:#fff;border-radius:6px;text-decoration:none}</style>
</head><body>${body}</body></html>`;
}

/** `slackUrl` is Slack's own address for the workspace (from the installation), or Slack's front page. */
export function successPage(p: Page, slackUrl: string): string {
  return page(
    p,
    p.successTitle,
    `<h1>${p.successHeading}</h1>
<p>${p.nextStep} <code>/goodcall setup</code></p>
<p>${p.nextStepAfter}</p>
<a class="button" href="${escapeAttribute(slackUrl)}">${p.openSlack}</a>`,
  );
}

export function failurePage(p: Page, installPath: string): string {
  return page(
    p,
    p.failureTitle,
    `<h1>${p.failureHeading}</h1>
<p>${p.failureText}</p>
<a class="button" href="${escapeAttribute(installPath)}">${p.tryAgain}</a>`,
  );
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function sendPage(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  render: (p: Page) => string,
) {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    // Nothing on these pages is for other sites to frame or cache.
    "x-frame-options": "DENY",
    "cache-control": "no-store",
  });
  res.end(render(pageLanguage(req.headers["accept-language"])));
}
