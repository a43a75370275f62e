// What a tool returned, for content capture: a ToolMessage's content (JSON parsed when
// it is JSON), else the value itself.
import { isBag, parseJson } from './values.js';

export function toolResultOf(output: unknown): unknown {
  const content = isBag(output) && 'tool_call_id' in output ? output.content : output;
  return typeof content === 'string' ? parseJson(content) : content;
}
