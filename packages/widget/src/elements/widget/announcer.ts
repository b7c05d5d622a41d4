import type { ReactiveControllerHost } from 'lit';

/**
 * What a screen reader hears, through one polite live region: lines are gathered for a moment
 * and read together, and a burst of chat becomes "12 new messages" instead of twelve readings.
 */
export class Announcer {
  text = '';
  private lines: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly summary: (count: number) => string,
  ) {}

  say(line: string): void {
    this.lines.push(line);
    this.timer ??= setTimeout(() => {
      const { lines } = this;
      this.text = lines.length > 3 ? this.summary(lines.length) : lines.join('\n');
      this.lines = [];
      this.timer = undefined;
      this.host.requestUpdate();
    }, 2000);
  }
}
