// main.ts run as a user runs it: offline, and with a key (against a local OpenAI server).
import { describeMain } from '@agentspan/example-kit/testing';

describeMain(new URL('..', import.meta.url));
