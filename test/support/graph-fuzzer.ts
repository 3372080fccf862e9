import { makeRng, type Rng } from '../../engine/core/rng.js';

/**
 * Seeded mutations of graph files, the ways files go wrong in the wild: keys deleted, values of
 * the wrong type, huge and negative numbers, deep nesting, duplicate ids, cycles, edges to ports
 * and nodes that do not exist, versions 0 and 999, hostile ids, big graphs, and text cut short or
 * garbled. One case is a sample and a seed: the same pair always gives the same text.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export interface FuzzCase {
  text: string;
  /** what was done to the sample, for a failure's message */
  mutations: string[];
}

const STRANGE_VALUES: Json[] = [null, true, false, 0, -1, -0, 0.5, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 31), '', 'x', '1e9', [], {}, [1, 2], { a: 1 }];
const STRANGE_IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' ', '../../x', 'a.b', 'é', '\u0000', 'x'.repeat(300), '0', 'null'];

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)]!;
}

/** Every object and array inside `v`, with the key that reaches it, for picking a place to break. */
function places(v: Json, out: { parent: Obj | Json[]; key: string | number }[] = []): typeof out {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, key: i }), places(x, out)));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) (out.push({ parent: v, key: k }), places(v[k]!, out));
  return out;
}

/** Deep nesting is written into the text (a 5,000-deep value would overflow the fuzzer's own walks). */
const NEST = /"\\u0001nest:(\d+):(array|object)\\u0001"/g;
function nestMarker(depth: number, rng: Rng): string {
  return `\u0001nest:${depth}:${rng.next() < 0.5 ? 'array' : 'object'}\u0001`;
}
function expandNesting(text: string): string {
  return text.replace(NEST, (_, depth: string, kind: string) => (kind === 'array' ? '['.repeat(+depth) + '1' + ']'.repeat(+depth) : '{"a":'.repeat(+depth) + '1' + '}'.repeat(+depth)));
}

type Mutation = (doc: Obj, rng: Rng) => string;

const MUTATIONS: Mutation[] = [
  function deleteKey(doc, rng) {
    const p = pick(rng, places(doc));
    if (Array.isArray(p.parent)) p.parent.splice(p.key as number, 1);
    else delete p.parent[p.key as string];
    return `delete ${p.key}`;
  },
  function wrongType(doc, rng) {
    const p = pick(rng, places(doc));
    const v = pick(rng, STRANGE_VALUES);
    (p.parent as Obj)[p.key as string] = structuredClone(v);
    return `${p.key} = ${JSON.stringify(v)}`;
  },
  function strangeNumber(doc, rng) {
    const nodes = (doc.nodes as Obj[] | undefined) ?? [];
    const node = nodes.length ? pick(rng, nodes) : undefined;
    const params = node?.params as Obj | undefined;
    if (!params || typeof params !== 'object' || Array.isArray(params)) return 'no params';
    const keys = Object.keys(params);
    const key = keys.length ? pick(rng, keys) : 'extra';
    const v = pick(rng, [1e9, 1e308, -1, -1e9, 0, 0.0001, 2 ** 31, 4096 * 1024]);
    params[key] = v;
    return `${node!.id}.${key} = ${v}`;
  },
  function deepNesting(doc, rng) {
    const p = pick(rng, places(doc));
    const depth = pick(rng, [17, 100, 5000]);
    (p.parent as Obj)[p.key as string] = nestMarker(depth, rng);
    return `${p.key} nested ${depth} deep`;
  },
  function duplicateId(doc, rng) {
    const nodes = doc.nodes as Obj[];
    if (!Array.isArray(nodes) || !nodes.length) return 'no nodes';
    const n = pick(rng, nodes);
    nodes.push(structuredClone(n));
    return `node ${String(n.id)} twice`;
  },
  function cycle(doc, rng) {
    const edges = doc.edges as Obj[];
    if (!Array.isArray(edges) || !edges.length) return 'no edges';
    const e = pick(rng, edges) as { from: Obj; to: Obj };
    edges.push({ from: { node: e.to?.node ?? null, port: 'hidden' }, to: { node: e.from?.node ?? null, port: e.from?.port ?? null } } as Obj);
    return `edge back from ${String(e.to?.node)} to ${String(e.from?.node)}`;
  },
  function missingPort(doc, rng) {
    const edges = doc.edges as Obj[];
    if (!Array.isArray(edges) || !edges.length) return 'no edges';
    const e = pick(rng, edges) as { from: Obj; to: Obj };
    const end = rng.next() < 0.5 ? e.from : e.to;
    if (!end || typeof end !== 'object') return 'no edge end';
    if (rng.next() < 0.5) end.port = 'nope';
    else end.node = 'nowhere';
    return `edge end ${JSON.stringify(end)}`;
  },
  function strangeVersion(doc, rng) {
    const v = pick(rng, [0, 999, -1, 1.5, '1']);
    const nodes = doc.nodes as Obj[];
    if (rng.next() < 0.5 || !Array.isArray(nodes) || !nodes.length) doc.version = v;
    else pick(rng, nodes).version = v;
    return `version ${v}`;
  },
  function hostileId(doc, rng) {
    const nodes = doc.nodes as Obj[];
    if (!Array.isArray(nodes) || !nodes.length) return 'no nodes';
    const n = pick(rng, nodes);
    const id = pick(rng, STRANGE_IDS);
    const old = n.id;
    n.id = id;
    // rename it in the edges too, half the time, so later checks see the id, not a dangling edge
    if (rng.next() < 0.5) for (const e of (doc.edges as { from: Obj; to: Obj }[]) ?? []) for (const end of [e?.from, e?.to]) if (end && end.node === old) end.node = id;
    return `id ${JSON.stringify(old)} -> ${JSON.stringify(id)}`;
  },
  function bigGraph(doc, rng) {
    const nodes = doc.nodes as Obj[];
    if (!Array.isArray(nodes) || !nodes.length) return 'no nodes';
    const copies = pick(rng, [20, 200]);
    const n = pick(rng, nodes);
    for (let i = 0; i < copies; i++) nodes.push({ ...structuredClone(n), id: `${String(n.id)}_${i}` });
    return `${copies} copies of ${String(n.id)}`;
  },
];

/** Text-level damage, after the JSON is written. */
function damageText(text: string, rng: Rng): { text: string; what: string } {
  const at = rng.int(text.length);
  switch (rng.int(3)) {
    case 0:
      return { text: text.slice(0, at), what: `cut at ${at}` };
    case 1:
      return { text: text.slice(0, at) + pick(rng, ['"', '}', ']', ',', '\\', '\u0000', '\uFFFF', 'NaN']) + text.slice(at + 1), what: `garbled at ${at}` };
    default:
      return { text: '\uFEFF' + text, what: 'byte-order mark' };
  }
}

export function fuzzCase(sampleText: string, seed: number): FuzzCase {
  const rng = makeRng('graph-fuzz', seed);
  const doc = JSON.parse(sampleText) as Obj;
  const mutations: string[] = [];
  const count = 1 + rng.int(3);
  for (let i = 0; i < count; i++) {
    const m = pick(rng, MUTATIONS);
    // an earlier mutation may have broken what this one expects (edges no longer an array...)
    let what: string;
    try {
      what = m(doc, rng);
    } catch {
      what = 'nothing to do';
    }
    mutations.push(`${m.name}: ${what}`);
  }
  let text = expandNesting(JSON.stringify(doc));
  if (rng.next() < 0.1) {
    const d = damageText(text, rng);
    text = d.text;
    mutations.push(d.what);
  }
  return { text, mutations };
}
