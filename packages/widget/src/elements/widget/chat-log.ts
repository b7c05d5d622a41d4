import type { ChatMessage } from './client';

/**
 * The chat as the widget shows it: the newest `cap` messages in sequence order, each once (a
 * message can arrive twice: as the answer to our own send and as its event), the pinned message,
 * and the paid tips that stay pinned on top until their `pinnedUntil`.
 */
export class ChatLog {
  messages: ChatMessage[] = [];
  pinned: ChatMessage | null = null;
  /** Kept apart from `messages`, so a pinned tip outlives the cap. */
  private tips: ChatMessage[] = [];

  constructor(public cap: number) {}

  /** False when the message was already there. */
  add(message: ChatMessage): boolean {
    const { messages } = this;
    if (messages.some((m) => m.id === message.id)) return false;
    let at = messages.length;
    while (at > 0 && (messages[at - 1] as ChatMessage).seq > message.seq) at--;
    messages.splice(at, 0, message);
    if (messages.length > this.cap) messages.splice(0, messages.length - this.cap);
    if (message.tip?.pinnedUntil) this.tips.push(message);
    return true;
  }

  remove(ids: string[]): void {
    const gone = (m: ChatMessage | null) => !!m && ids.includes(m.id);
    this.messages = this.messages.filter((m) => !gone(m));
    this.tips = this.tips.filter((m) => !gone(m));
    if (gone(this.pinned)) this.pinned = null;
  }

  clear(): void {
    this.messages = [];
    this.tips = [];
    this.pinned = null;
  }

  /** Tips still pinned at `now`, the newest first; the others are let go. */
  pinnedTips(now: number): ChatMessage[] {
    this.tips = this.tips.filter((m) => Date.parse(m.tip?.pinnedUntil ?? '') > now);
    return [...this.tips].reverse();
  }
}
