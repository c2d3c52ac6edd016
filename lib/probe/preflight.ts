/**
 * The first connection of a run: it finds out (auto) or checks (echo, ssh, http) what kind of far
 * end answers, before any idle connection is opened. Bounded by the connect and reply timeouts.
 */
import {
  answered,
  detect,
  echoPayload,
  httpRequest,
  SSH_IDENT,
  sshBannerDone,
  type FarEnd,
  type Mode,
} from './protocol';
import type { Clock, Dial, Link } from './trial';

/**
 * Auto mode waits this long for a server that speaks first (an SSH server sends its identification
 * line on accept, RFC 4253 section 4.2) before it sends the HTTP request; a late banner is still
 * recognised in the reply.
 */
export const GREETING_WAIT_MS = 1000;

export interface PreflightSpec {
  readonly mode: Mode;
  readonly host: string;
  readonly connectTimeoutMs: number;
  readonly replyTimeoutMs: number;
}

export class Preflight {
  private link: Link | undefined;
  private cancelTimer: () => void = () => {};
  private greeting = '';
  private reply = '';
  private sent = '';
  private over = false;
  private readonly request: string;

  constructor(
    private readonly spec: PreflightSpec,
    private readonly clock: Clock,
    dial: Dial,
    private readonly done: (result: FarEnd | { readonly error: string }) => void,
  ) {
    this.request = httpRequest(spec.host);
    this.arm(spec.connectTimeoutMs, () => this.fail('could not connect'));
    this.link = dial(
      {
        open: () => this.opened(),
        data: (text) => {
          if (this.sent === '') this.greeting += text;
          else this.reply += text;
          this.judge();
        },
        end: () => this.fail('the far end closed the first connection'),
        error: (code) => this.fail(`the first connection failed: ${code}`),
      },
      null,
    );
  }

  /** Ends it: the timer cancelled, the socket destroyed; no result reported after this. */
  cancel(): void {
    this.over = true;
    this.cancelTimer();
    this.link?.destroy();
    this.link = undefined;
  }

  private arm(ms: number, fn: () => void): void {
    this.cancelTimer();
    this.cancelTimer = this.clock.after(ms, fn);
  }

  private opened(): void {
    const { mode } = this.spec;
    if (mode === 'echo') this.send(echoPayload(0));
    else if (mode === 'http') this.send(this.request);
    // ssh and auto: the server may speak first; auto sends the HTTP request if it does not.
    else if (mode === 'auto')
      this.arm(GREETING_WAIT_MS, () =>
        this.greeting === '' ? this.send(this.request) : this.fail('no complete SSH banner'),
      );
    else this.arm(this.spec.replyTimeoutMs, () => this.fail('no SSH banner'));
  }

  private send(text: string): void {
    this.sent = text;
    this.arm(this.spec.replyTimeoutMs, () => this.fail('no answer to the first request'));
    this.link?.write(text);
  }

  private judge(): void {
    const { mode } = this.spec;
    if (mode === 'auto') {
      const found = detect(this.greeting, this.reply, this.request);
      if (found === null) this.fail('the far end answered like none of echo, ssh, http');
      else if (found !== 'not yet') this.succeed(found);
    } else if (mode === 'ssh') {
      if (this.sent === '' && sshBannerDone(this.greeting)) this.send(SSH_IDENT);
      else if (this.sent !== '' && this.reply.length > 0) this.succeed('ssh');
    } else {
      const verdict = answered(mode, this.reply, this.sent);
      if (verdict === 'wrong')
        this.fail(mode === 'echo' ? 'the far end does not echo' : 'the far end does not answer HTTP');
      else if (verdict === 'yes') this.succeed(mode);
    }
  }

  private succeed(mode: FarEnd): void {
    if (this.over) return;
    this.cancel();
    this.done(mode);
  }

  private fail(why: string): void {
    if (this.over) return;
    this.cancel();
    this.done({ error: `${why} (mode ${this.spec.mode})` });
  }
}
