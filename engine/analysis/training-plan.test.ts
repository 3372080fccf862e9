import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraph } from '../core/serialize.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { trainerSettings, trainingPlan } from './training-plan.js';
import { analyzeGraph } from './validate.js';

const registry = createRegistry();
const sample = (name: string) => parseGraph(readFileSync(`samples/${name}.graph.json`, 'utf8'));

describe('the training plan', () => {
  it('names the optimizer, outputs, loss edge and what runs, once for every reader', () => {
    const plan = trainingPlan(analyzeGraph(sample('causal-lm'), registry));
    expect(plan.optimizerNodeId).toBe('optimizer');
    expect(plan.settings.steps).toBe(2000);
    expect(plan.evalNodeIds).toEqual(['sample']);
    expect(plan.lossEdge).toMatchObject({ to: { node: 'optimizer', port: 'loss' } });
    expect(plan.stage('train')).toEqual(['optimizer']);
    // the sampler runs the model but a training step never runs it
    expect(plan.live.has('sample')).toBe(true);
    expect(plan.trainTensor).not.toContain('sample');
  });

  it('refuses a graph with errors, whose diagnostics say why', () => {
    const doc = sample('causal-lm');
    expect(() => trainingPlan(analyzeGraph({ ...doc, edges: doc.edges.slice(1) }, registry))).toThrow('a training plan needs a graph without errors');
  });

  it("reads the trainer's settings from the optimizer node, its defaults where unset, on graphs with errors elsewhere too", () => {
    const doc = sample('causal-lm');
    const unset = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'optimizer' ? { ...n, params: {} } : n)) };
    expect(trainerSettings(analyzeGraph(unset, registry))?.steps).toBe(1000);
    const broken = { ...doc, edges: doc.edges.slice(1), nodes: doc.nodes.map((n) => (n.id === 'decoder' ? { ...n, params: { ...n.params, heads: 5 } } : n)) };
    expect(analyzeGraph(broken, registry).diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(trainerSettings(analyzeGraph(broken, registry))?.steps).toBe(2000);
    expect(trainerSettings(analyzeGraph({ ...doc, nodes: doc.nodes.filter((n) => n.id !== 'optimizer') }, registry))).toBeNull();
    // settings that do not parse are the node's error, not a number to show
    const bad = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'optimizer' ? { ...n, params: { ...n.params, steps: -3 } } : n)) };
    expect(trainerSettings(analyzeGraph(bad, registry))).toBeNull();
  });
});
