// main.ts run as a user runs it: it serves, sends itself one request and answers offline,
// and with a key (against a local OpenAI server); the tree has the request's server span on top.
import { describeMain } from '@agentspan/example-kit/testing';

describeMain(new URL('..', import.meta.url), { serverRoot: 'POST /chat' });
