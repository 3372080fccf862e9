import { outputText } from '../engine/runtime/forward-model.js';
import type { TrainEvent } from '../engine/train/events.js';
import { writeControl } from './terminal-safe.js';

/** back to column 0 and clear the line: the bar is redrawn in place */
const REDRAW = '\r\x1b[K';

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function metricsText(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join(', ');
}

/**
 * Human output for `train`: a progress bar redrawn in place on a terminal, a line every few
 * percent otherwise (logs, CI), and evaluations and outputs as they come.
 */
export function humanReporter(out: NodeJS.WriteStream): (e: TrainEvent) => void {
  const tty = out.isTTY === true;
  let total = 1;
  let lastPrinted = -1;
  let barShown = false;
  const line = (text: string) => {
    if (barShown) writeControl(out, REDRAW);
    barShown = false;
    out.write(text + '\n');
  };
  return (e) => {
    switch (e.event) {
      case 'start':
        total = e.totalSteps;
        const batch = e.tokensPerBatch > 0 ? `${e.tokensPerBatch} tokens a batch` : `${e.samplesPerBatch ?? '?'} samples a batch`;
        line(`training on ${e.backend}: ${e.parameters.toLocaleString('en-US')} parameters, ${batch}, steps ${e.step + 1}..${e.totalSteps}`);
        break;
      case 'step': {
        // an image objective reads no tokens: its rate is samples/s
        const rate = e.tokensPerSec > 0 || e.samplesPerSec === undefined ? `${Math.round(e.tokensPerSec).toLocaleString('en-US')} tok/s` : `${Math.round(e.samplesPerSec).toLocaleString('en-US')} samples/s`;
        const text = `step ${e.step}/${total} loss ${e.loss.toFixed(4)} lr ${e.lr.toExponential(2)} ${rate} ETA ${duration(e.etaSeconds)}`;
        if (tty) {
          const width = 24;
          const filled = Math.round((e.step / total) * width);
          writeControl(out, REDRAW);
          out.write(`[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${text}`);
          barShown = true;
        } else if (e.step === 1 || e.step === total || Math.floor((e.step * 20) / total) !== lastPrinted) {
          lastPrinted = Math.floor((e.step * 20) / total);
          line(text);
        }
        break;
      }
      case 'eval':
        line(`eval @${e.step}: held-out loss ${e.valLoss.toFixed(4)}${Object.keys(e.metrics).length ? ', ' + metricsText(e.metrics) : ''}`);
        break;
      case 'output':
        line(`--- ${e.output.title} (${e.nodeId}) ---\n${outputText(e.output, ' | ')}\n---`);
        break;
      case 'warning':
        line(`warning: ${e.nodeId !== null ? `node ${e.nodeId}: ` : ''}${e.message}`);
        break;
      case 'checkpoint':
        break;
      case 'done':
        line(`${e.stopped ? 'stopped' : 'done'} at step ${e.step} on ${e.backend}: held-out loss ${e.valLoss.toFixed(4)}${Object.keys(e.metrics).length ? ', ' + metricsText(e.metrics) : ''}${e.checkpoint ? `\ncheckpoint: ${e.checkpoint}` : ''}`);
        break;
      case 'error':
        break;
    }
  };
}
