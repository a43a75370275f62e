// One bench server: a Nest hello-world route, with or without AgentspanModule.
// Argument: [fastify:]mode (the Express platform without a prefix).
// Modes: bare | sdk | noop-interceptor | agentspan | agentspan-sdk | otel-http | otel-http-noop-interceptor | otel-http-agentspan
import 'reflect-metadata';
import { answerBench } from '@agentspan/testing-http/bench/server-control';

const [platform, mode] = (process.argv[2] ?? 'bare').includes(':') ? process.argv[2].split(':') : ['express', process.argv[2] ?? 'bare'];
if (mode !== 'bare' && mode !== 'noop-interceptor' && mode !== 'agentspan') {
  const { context, trace } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider()); // recorded, then dropped
  if (mode.startsWith('otel-http')) {
    const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
    new HttpInstrumentation().enable();
    const { createRequire } = await import('node:module');
    createRequire(import.meta.url)('node:http');
  }
}

const { Controller, Get, Module } = await import('@nestjs/common');
const { NestFactory } = await import('@nestjs/core');
// AGENTSPAN_BENCH_DIST: another build of this package to compare with (a directory holding index.js).
const dist = process.env.AGENTSPAN_BENCH_DIST ?? new URL('../dist', import.meta.url).pathname;
const { AgentspanModule, AgentspanInterceptor } = await import(`${dist}/index.js`);

// BENCH_SWITCH (count-instructions.mjs, countPhases): AgentspanModule's interceptor switched
// off (it then does what a no-op interceptor does) and on within one process.
let switchLayers;
if (process.env.BENCH_SWITCH && mode.includes('agentspan')) {
  const intercept = AgentspanInterceptor.prototype.intercept;
  let on = true;
  AgentspanInterceptor.prototype.intercept = function (context, next) {
    return on ? intercept.call(this, context, next) : next.handle();
  };
  switchLayers = (value) => {
    on = value;
  };
}

class HelloController {
  hello() {
    return 'hello world';
  }
}
Get('hello')(HelloController.prototype, 'hello', Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'));
Controller()(HelloController);

// Nest's own cost of any global interceptor (the rxjs pipeline around the handler), for reference.
class NoopInterceptor {
  intercept(_context, next) {
    return next.handle();
  }
}
const { APP_INTERCEPTOR } = await import('@nestjs/core');

class AppModule {}
Module({
  imports: mode.includes('agentspan') ? [AgentspanModule.forRoot({})] : [],
  controllers: [HelloController],
  providers: mode.endsWith('noop-interceptor') ? [{ provide: APP_INTERCEPTOR, useClass: NoopInterceptor }] : [],
})(AppModule);

let app;
if (platform === 'fastify') {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
} else {
  app = await NestFactory.create(AppModule, { logger: false });
}
await app.listen(0, '127.0.0.1');
process.send?.({ port: app.getHttpServer().address().port });
answerBench(switchLayers);
