// Hostile on purpose: answers like correct.mjs, but switches on node:trace_events, which writes
// node_trace.*.log files into the working folder despite Node's permission model. Inside the sandbox
// the working folder is a read-only copy: Node cannot open its trace file and stalls (Node 20), so
// this submission's own checks time out — and nothing is written anywhere the grader can see.
import trace_events from 'node:trace_events';
export * from './correct.mjs';

const tracing = trace_events.createTracing({ categories: ['node', 'v8'] });
tracing.enable();
