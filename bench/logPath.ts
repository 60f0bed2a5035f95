// Part 1: GoodCall's slash-command log path against a bare Bolt app, each in its own child process
// (one core serves, the other generates load), measured alternately so drift hits both alike.
import {
  BENCH_USERS,
  type Child,
  describeLoad,
  fmt,
  type LoadResult,
  prepareCommand,
  prepareGoodCalls,
  progress,
  type Row,
  runLoad,
  startChild,
} from "./lib.ts";

export const LOAD = {
  warmupSerial: 200,
  warmupConcurrent: 600,
  serial: 2000,
  concurrent: 4000,
  concurrency: 20,
};

export interface LogPathFigures {
  serial: { goodcall: LoadResult; bare: LoadResult; floor: LoadResult };
  concurrent: { goodcall: LoadResult; bare: LoadResult; floor: LoadResult };
  sent: number;
  stored: number;
  rssMb: { goodcall: number; bare: number };
}

/** Sets the team up, warms up, then serial and concurrent phases; returns every phase's result. */
export async function driveGoodCall(
  port: number,
  responseUrl: string,
  between: (phase: "serial" | "concurrent") => Promise<void> = async () => {},
): Promise<{ serial: LoadResult; concurrent: LoadResult; sent: number; setupStatus: number }> {
  const setup = await runLoad(port, [prepareCommand("setup", BENCH_USERS[0] as string, responseUrl)], 1);
  await runLoad(port, prepareGoodCalls(LOAD.warmupSerial, responseUrl), 1);
  await runLoad(port, prepareGoodCalls(LOAD.warmupConcurrent, responseUrl), LOAD.concurrency);
  await between("serial");
  const serial = await runLoad(port, prepareGoodCalls(LOAD.serial, responseUrl), 1);
  await between("concurrent");
  const concurrent = await runLoad(port, prepareGoodCalls(LOAD.concurrent, responseUrl), LOAD.concurrency);
  return {
    serial,
    concurrent,
    sent: LOAD.warmupSerial + LOAD.warmupConcurrent + LOAD.serial + LOAD.concurrent,
    setupStatus: Number(Object.keys(setup.statuses)[0]),
  };
}

export async function benchLogPath(): Promise<{ rows: Row[]; figures: LogPathFigures }> {
  progress(
    "part 1: starting GoodCall (createApp), bare Bolt and bare Bolt + one Prisma insert, each in its own child process",
  );
  let goodcall: Child | undefined;
  let bare: Child | undefined;
  let floor: Child | undefined;
  try {
    [goodcall, bare, floor] = await Promise.all([
      startChild("server.ts", ["goodcall"]),
      startChild("server.ts", ["bare"]),
      startChild("server.ts", ["bare-insert"]),
    ]);
    const gc = goodcall;
    const b = bare;
    const f = floor;
    const fPort = f.ready.port as number;
    const fUrl = f.ready.responseUrl as string;
    const gcPort = gc.ready.port as number;
    const bPort = b.ready.port as number;
    const gcUrl = gc.ready.responseUrl as string;
    const bUrl = b.ready.responseUrl as string;

    // Bare Bolt: same warm-up, then the phases are interleaved with GoodCall's.
    await runLoad(bPort, prepareGoodCalls(LOAD.warmupSerial, bUrl), 1);
    await runLoad(bPort, prepareGoodCalls(LOAD.warmupConcurrent, bUrl), LOAD.concurrency);
    await runLoad(fPort, prepareGoodCalls(LOAD.warmupSerial, fUrl), 1);
    await runLoad(fPort, prepareGoodCalls(LOAD.warmupConcurrent, fUrl), LOAD.concurrency);
    const bareResults: Partial<Record<"serial" | "concurrent", LoadResult>> = {};
    const floorResults: Partial<Record<"serial" | "concurrent", LoadResult>> = {};
    progress(
      `part 1: warm-up done on bare Bolt; GoodCall: setup + ${LOAD.warmupSerial} serial + ${LOAD.warmupConcurrent} at c=${LOAD.concurrency}`,
    );
    const driven = await driveGoodCall(gcPort, gcUrl, async (phase) => {
      const n = phase === "serial" ? LOAD.serial : LOAD.concurrent;
      const c = phase === "serial" ? 1 : LOAD.concurrency;
      bareResults[phase] = await runLoad(bPort, prepareGoodCalls(n, bUrl), c);
      progress(`part 1: ${describeLoad(`bare Bolt ${phase}`, bareResults[phase] as LoadResult)}`);
      floorResults[phase] = await runLoad(fPort, prepareGoodCalls(n, fUrl), c);
      progress(
        `part 1: ${describeLoad(`bare Bolt + Prisma insert ${phase}`, floorResults[phase] as LoadResult)}`,
      );
    });
    if (driven.setupStatus !== 200)
      progress(`part 1: WARNING /goodcall setup answered ${driven.setupStatus}`);
    progress(`part 1: ${describeLoad("GoodCall serial", driven.serial)}`);
    progress(`part 1: ${describeLoad("GoodCall concurrent", driven.concurrent)}`);
    const counted = await gc.request<{ goodCalls: number; problems: string[] }>("count");
    if (counted.problems.length) progress(`part 1: fake Slack problems: ${counted.problems.join("; ")}`);
    const [gcRss, bRss] = await Promise.all([
      gc.request<{ rssMb: number }>("rss"),
      b.request<{ rssMb: number }>("rss"),
    ]);
    const figures: LogPathFigures = {
      serial: {
        goodcall: driven.serial,
        bare: bareResults.serial as LoadResult,
        floor: floorResults.serial as LoadResult,
      },
      concurrent: {
        goodcall: driven.concurrent,
        bare: bareResults.concurrent as LoadResult,
        floor: floorResults.concurrent as LoadResult,
      },
      sent: driven.sent,
      stored: counted.goodCalls,
      rssMb: { goodcall: gcRss.rssMb, bare: bRss.rssMb },
    };
    progress(
      `part 1: ${figures.stored} good calls stored of ${figures.sent} sent; RSS GoodCall ${fmt(figures.rssMb.goodcall, 0)} MB, bare ${fmt(figures.rssMb.bare, 0)} MB`,
    );
    return { rows: rowsFor(figures), figures };
  } finally {
    await Promise.all(
      [goodcall, bare, floor].map(async (child) => {
        if (!child) return;
        await child.request("stop", {}, 15_000).catch(() => undefined);
        await child.exited();
      }),
    );
  }
}

function rowsFor(f: LogPathFigures): Row[] {
  const rows: Row[] = [];
  for (const phase of ["serial", "concurrent"] as const) {
    const { goodcall: g, bare: b, floor: fl } = f[phase];
    const label = phase === "serial" ? "serial" : `c=${g.concurrency}`;
    const tput = g.rps / b.rps;
    const p99 = g.p99 / b.p99;
    rows.push(
      {
        figure: `log path ${label}: GoodCall req/s (bare Bolt)`,
        value: `${fmt(g.rps, 0)} (${fmt(b.rps, 0)})`,
        target: "—",
        met: null,
      },
      {
        figure: `log path ${label}: throughput GoodCall/bare`,
        value: `${fmt(tput, 2)}×`,
        target: "≥ 0.80×",
        met: tput >= 0.8,
      },
      {
        figure: `log path ${label}: p50 / p99 ms GoodCall (bare)`,
        value: `${fmt(g.p50, 2)} / ${fmt(g.p99, 2)} (${fmt(b.p50, 2)} / ${fmt(b.p99, 2)})`,
        target: "—",
        met: null,
      },
      {
        figure: `log path ${label}: p99 GoodCall/bare`,
        value: `${fmt(p99, 2)}×`,
        target: "≤ 2.00×",
        met: p99 <= 2,
      },
      {
        figure: `log path ${label}: bare+1 Prisma insert req/s, p99`,
        value: `${fmt(fl.rps, 0)} (${fmt(fl.rps / b.rps, 2)}× bare), ${fmt(fl.p99, 2)} ms (${fmt(fl.p99 / b.p99, 2)}×)`,
        target: "—",
        met: null,
      },
      {
        figure: `log path ${label}: errors GoodCall + bare`,
        value: `${g.errors} + ${b.errors}`,
        target: "0",
        met: g.errors + b.errors === 0,
      },
    );
  }
  rows.push(
    {
      figure: "log path: GoodCall p99 at c=20 (spec §4)",
      value: `${fmt(f.concurrent.goodcall.p99, 2)} ms`,
      target: "< 100 ms",
      met: f.concurrent.goodcall.p99 < 100,
    },
    {
      figure: "log path: good calls stored / sent",
      value: `${f.stored} / ${f.sent}`,
      target: "all",
      met: f.stored === f.sent,
    },
  );
  return rows;
}
