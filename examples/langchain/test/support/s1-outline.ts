// S1's tree through the support agent, as outline() writes it.
export const S1_OUTLINE = [
  'invoke_agent support-agent',
  '  search_memory',
  '  retrieval kb-policies',
  '  chat gpt-4o-mini',
  '  execute_tool lookup_order',
  '  chat gpt-4o-mini',
  '  upsert_memory',
];
