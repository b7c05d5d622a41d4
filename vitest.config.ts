import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The widget's files first. They drive Chromium against real servers and take minutes each; Vitest's own order runs
 * the projects by name, which put them last, so one worker was still on an overlay suite minutes after the others had
 * finished. The server's many shorter files now fill the end instead. Each project's files stay together, so a worker
 * keeps reusing its runner (the projects do not isolate files), and within a project Vitest's order is kept.
 */
class WidgetFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const widget = (file: TestSpecification) => file.project.name === 'widget';
    return [...sorted.filter(widget), ...sorted.filter((file) => !widget(file))];
  }
}

/**
 * One run across the packages and the benchmark's own protocol tests. `tipchat-source` makes workspace imports resolve to TypeScript
 * sources, so tests need no build first.
 */
export default defineConfig({
  resolve: { conditions: ['tipchat-source'] },
  ssr: { resolve: { conditions: ['tipchat-source'] } },
  test: {
    projects: ['packages/*', 'bench'],
    // Vitest's default is one worker less than the CPUs: on a 2-core CI machine, one test file at a time.
    // Most files spend their time waiting (sockets, Chromium, the database, provider timeouts), so a few run
    // side by side; TIPCHAT_TEST_WORKERS overrides it.
    maxWorkers: Number(process.env.TIPCHAT_TEST_WORKERS ?? 3),
    sequence: { sequencer: WidgetFirst },
  },
});
