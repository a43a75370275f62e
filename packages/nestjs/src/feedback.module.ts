// AgentspanFeedbackModule.forRoot({ path }): a POST route a web page sends thumbs up / down, a
// score or a comment to, naming the turn it rates by the ids the turn's response handed out
// (`traceresponse`, AgentspanModule's `traceResponse: true`). On the Express and Fastify
// platforms alike: Nest parses the JSON body, the core checks it; a bad one is a 4xx.
import {
  AgentspanConfigError,
  FeedbackRoute,
  type FeedbackRouteOptions,
  type HttpRequestLike,
  MAX_FEEDBACK_BODY_BYTES,
  isJsonContentType,
} from '@agentspan/core';
import { Body, Controller, type DynamicModule, HttpCode, HttpException, Inject, Module, Post, Req, type Type } from '@nestjs/common';

export interface AgentspanFeedbackModuleOptions extends FeedbackRouteOptions<HttpRequestLike> {
  /** The route's path. Default `feedback`. */
  path?: string;
}

const FEEDBACK_ROUTE = 'AGENTSPAN_FEEDBACK_ROUTE';

function headersOf(request: object): HttpRequestLike {
  const raw = (request as { raw?: HttpRequestLike }).raw;
  return raw && typeof raw.headers === 'object' ? raw : (request as HttpRequestLike);
}

/** The controller, made per path (a decorator's path is fixed when the class is made). */
function feedbackController(path: string): Type<unknown> {
  @Controller(path)
  class AgentspanFeedbackController {
    constructor(@Inject(FEEDBACK_ROUTE) private readonly route: FeedbackRoute) {}

    @Post()
    @HttpCode(202)
    async rate(@Req() request: object, @Body() body: unknown): Promise<unknown> {
      const req = headersOf(request);
      if (!isJsonContentType(req.headers['content-type'])) {
        throw new HttpException({ error: 'unsupported_media_type', message: 'send the body as application/json' }, 415);
      }
      const length = Number(req.headers['content-length']);
      if (Number.isFinite(length) && length > MAX_FEEDBACK_BODY_BYTES) {
        throw new HttpException({ error: 'payload_too_large', message: `the body must be at most ${MAX_FEEDBACK_BODY_BYTES} bytes` }, 413);
      }
      const reply = await this.route.handle(req, body);
      if (reply.status !== 202) throw new HttpException(reply.body, reply.status);
      return reply.body;
    }
  }
  return AgentspanFeedbackController;
}

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static forRoot
export class AgentspanFeedbackModule {
  /** Registers the feedback route. Throws AgentspanConfigError on bad options, when the app is built. */
  static forRoot(options: AgentspanFeedbackModuleOptions = {}): DynamicModule {
    if (typeof options !== 'object' || options === null) throw new AgentspanConfigError('nestjs feedback: options must be an object');
    const { path = 'feedback', ...routeOptions } = options;
    if (typeof path !== 'string') throw new AgentspanConfigError('nestjs feedback: path must be a string');
    const route = new FeedbackRoute(routeOptions);
    return {
      module: AgentspanFeedbackModule,
      controllers: [feedbackController(path)],
      providers: [{ provide: FEEDBACK_ROUTE, useValue: route }],
    };
  }
}
