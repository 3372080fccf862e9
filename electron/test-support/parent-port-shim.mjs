// Loaded with `node --import` into a child_process.fork()ed script, this gives it what Electron
// gives a utility process: `process.parentPort`, whose `message` events carry `{data}` and whose
// postMessage goes back to the parent. Tests run tfjs-node-worker.js under it, without Electron.
import { EventEmitter } from 'node:events';

const port = new EventEmitter();
process.on('message', (data) => port.emit('message', { data, ports: [] }));
port.postMessage = (message) => process.send(message);
process.parentPort = port;
