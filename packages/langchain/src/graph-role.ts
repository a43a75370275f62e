// What kind of invocation a LangGraph graph run is, by the newest GenAI conventions, read
// from the compiled graph's nodes once per graph (cached):
// - `agent`: an LLM drives the control flow through tool calls (a node is a ToolNode: a
//   hand-built ReAct loop; or the graph is createAgent's (`model_request` node) or
//   createReactAgent's (`agent` node), tools or none) → invoke_agent;
// - `team`: agents hand off to each other (an agent node's declared `ends` name another
//   agent node: createSwarm, createSupervisor, Command-based handoffs) → the framework runs
//   the whole conversation turn, handle_conversation_turn;
// - `workflow`: anything else, the application's StateGraph → invoke_workflow.

export type GraphRole = 'agent' | 'team' | 'workflow';

interface NodeSpec {
  runnable?: { constructor?: { name?: unknown } };
  subgraphs?: readonly unknown[];
  ends?: readonly unknown[];
}

const roles = new WeakMap<object, GraphRole>();

function nodesOf(graph: object): Record<string, NodeSpec> | undefined {
  const nodes = (graph as { builder?: { nodes?: unknown } }).builder?.nodes;
  return typeof nodes === 'object' && nodes !== null ? (nodes as Record<string, NodeSpec>) : undefined;
}

function classify(graph: object): GraphRole | undefined {
  const nodes = nodesOf(graph);
  if (!nodes) return undefined;
  const agentNodes = new Set<string>();
  for (const [name, node] of Object.entries(nodes)) if (node?.subgraphs?.length) agentNodes.add(name);
  for (const name of agentNodes) {
    const ends = nodes[name]?.ends;
    if (Array.isArray(ends) && ends.some((end) => typeof end === 'string' && end !== name && agentNodes.has(end))) return 'team';
  }
  if ('model_request' in nodes || 'agent' in nodes) return 'agent';
  for (const node of Object.values(nodes)) if (node?.runnable?.constructor?.name === 'ToolNode') return 'agent';
  return 'workflow';
}

/** The graph's role; undefined when its nodes cannot be read (then it is traced as an agent). */
export function graphRole(graph: object | undefined): GraphRole | undefined {
  if (!graph) return undefined;
  let role = roles.get(graph);
  if (role === undefined) {
    try {
      role = classify(graph);
    } catch {
      role = undefined;
    }
    if (role) roles.set(graph, role);
  }
  return role;
}
