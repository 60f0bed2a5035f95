// How many requests a turn of the event loop starts while new connections come in (see TurnBudget).

/**
 * Starts work in the order it came. While new connections are coming in (in this turn of the event
 * loop or the last turn that had work), a turn starts work only until it has spent `budgetMs` since
 * it started the first piece, and the rest waits for the turns after, each of which starts at least
 * one; otherwise everything starts at once. Work that throws does not hold up what waits.
 *
 * NOTE: why. Node 20 (libuv 1.46) accepts one new connection per turn of its event loop (`strace`:
 * one `accept4` per `epoll_pwait`), and a turn handled every request read in it. After a restart, a
 * burst of twenty new connections was accepted over twenty turns that each grew with the requests of
 * the connections accepted before (cold code takes a few milliseconds a request): the burst's last
 * connections waited 160–360 ms for their first answer, with GoodCall and with a plain Node server
 * alike (Node 22 and 24 accept them all at once). Kept short while connections arrive, the turns
 * accept the burst within milliseconds: the cold start's p99 went from 58–230 ms to 40–79 ms
 * (`npm run bench -- --only=startup`). Once every connection is in, nothing waits: starting one
 * request a turn all the time had cost a quick log at c=20 about 50 µs of CPU, an extra turn of the
 * event loop each.
 */
export class TurnBudget {
  private readonly waiting: Array<() => void> = [];
  /** When this turn started its first piece of work; null until it does. */
  private turnStartedAt: number | null = null;
  private connectedThisTurn = false;
  /** Whether a new connection came in during the last turn that had work. */
  private connectedLastTurn = false;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `newConnection`: the work is the first request of a connection accepted just now. */
  run(start: () => void, newConnection: boolean): void {
    if (newConnection) this.connectedThisTurn = true;
    // NOTE: no connection came in and nothing waits: start now and keep no account of the turn (a
    // timer and a clock reading per request otherwise).
    if (!this.connectedThisTurn && !this.connectedLastTurn && this.waiting.length === 0) {
      start();
      return;
    }
    this.waiting.push(start);
    this.startNext();
  }

  /** Starts the first waiting piece of work unless this turn, while connections arrive, has spent its budget. */
  private startNext(): void {
    const now = this.now();
    if (this.turnStartedAt === null) {
      this.turnStartedAt = now;
      setImmediate(this.endOfTurn);
    } else if (
      (this.connectedThisTurn || this.connectedLastTurn) &&
      now - this.turnStartedAt >= this.budgetMs
    ) {
      return;
    }
    // Taken off the queue before it starts, so that work which throws does not hold up the rest.
    this.waiting.shift()?.();
  }

  /**
   * In the check phase of a turn that had work: the next starts with a fresh budget and the first
   * waiting piece. NOTE: a turn without work (on Node 20, often one that only accepted a connection)
   * is not counted: the budget holds until a turn with work has had no new connection.
   */
  private readonly endOfTurn = (): void => {
    this.turnStartedAt = null;
    this.connectedLastTurn = this.connectedThisTurn;
    this.connectedThisTurn = false;
    if (this.waiting.length > 0) this.startNext();
  };
}
