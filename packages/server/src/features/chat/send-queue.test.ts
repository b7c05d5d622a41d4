import { describe, expect, it } from 'vitest';
import { type Queued, SendQueue } from './send-queue';

interface Send {
  channel: string;
  sender: string;
  text: string;
}

/** A queue whose writes the test finishes by hand, recording each batch's texts. */
function manualQueue(maxBatch = 64) {
  const batches: string[][] = [];
  const open: Array<() => void> = [];
  const queue = new SendQueue<Send, string>({
    channelOf: (send) => send.channel,
    senderOf: (send) => send.sender,
    maxBatch,
    write: (batch: Queued<Send, string>[]) => {
      batches.push(batch.map((item) => item.request.text));
      return new Promise<void>((done) => {
        open.push(() => {
          for (const item of batch) item.resolve(`stored ${item.request.text}`);
          done();
        });
      });
    },
  });
  /** Finishes the oldest write still open, then lets the queue start the next one. */
  const finishWrite = async () => {
    const finish = open.shift();
    if (!finish) throw new Error('no write is open');
    finish();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, batches, finishWrite };
}

const send = (channel: string, sender: string, text: string): Send => ({ channel, sender, text });

describe('chat sends grouped per channel', () => {
  it('writes a send to an idle channel at once, on its own', async () => {
    const { queue, batches, finishWrite } = manualQueue();
    const answer = queue.send(send('c1', 'v1', 'hello'));
    expect(batches).toEqual([['hello']]);
    await finishWrite();
    await expect(answer).resolves.toBe('stored hello');
  });

  it('puts the sends that arrive during a write into the next one, in the order they came', async () => {
    const { queue, batches, finishWrite } = manualQueue();
    const answers = ['a', 'b', 'c', 'd'].map((text, index) => queue.send(send('c1', `v${index}`, text)));
    expect(batches).toEqual([['a']]);
    expect(queue.depth).toBe(3);
    await finishWrite();
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    await finishWrite();
    await expect(Promise.all(answers)).resolves.toEqual(['stored a', 'stored b', 'stored c', 'stored d']);
    expect(queue.depth).toBe(0);
  });

  it("takes one send per viewer into a batch; the viewer's next waits for the following batch", async () => {
    const { queue, batches, finishWrite } = manualQueue();
    queue.send(send('c1', 'first', 'x'));
    for (const [sender, text] of [
      ['alice', 'a1'],
      ['bob', 'b1'],
      ['alice', 'a2'],
      ['carol', 'c1'],
      ['alice', 'a3'],
      ['bob', 'b2'],
    ] as const) {
      queue.send(send('c1', sender, text));
    }
    await finishWrite();
    await finishWrite();
    await finishWrite();
    expect(batches).toEqual([['x'], ['a1', 'b1', 'c1'], ['a2', 'b2'], ['a3']]);
  });

  it('keeps each batch within the largest size', async () => {
    const { queue, batches, finishWrite } = manualQueue(2);
    for (const text of ['a', 'b', 'c', 'd', 'e']) queue.send(send('c1', text, text));
    await finishWrite();
    await finishWrite();
    await finishWrite();
    expect(batches).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('writes different channels independently', () => {
    const { queue, batches } = manualQueue();
    queue.send(send('c1', 'v1', 'one'));
    queue.send(send('c2', 'v1', 'two'));
    expect(batches).toEqual([['one'], ['two']]);
  });

  it('answers with the error of a write that throws, and still writes the sends queued behind it', async () => {
    const written: string[] = [];
    const queue = new SendQueue<Send, string>({
      channelOf: (request) => request.channel,
      senderOf: (request) => request.sender,
      maxBatch: 64,
      write: async (batch) => {
        const texts = batch.map((item) => item.request.text);
        written.push(...texts);
        if (texts.includes('boom')) throw new Error('write threw');
        for (const item of batch) item.resolve(`stored ${item.request.text}`);
      },
    });
    const first = queue.send(send('c1', 'v1', 'boom'));
    const waiting = queue.send(send('c1', 'v2', 'b'));
    await expect(first).rejects.toThrow('write threw');
    await expect(waiting).resolves.toBe('stored b');
    expect(written).toEqual(['boom', 'b']);
    expect(queue.depth).toBe(0);
  });
});
