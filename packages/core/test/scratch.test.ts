import { it } from 'vitest';
import { createRedactor } from '../src/index.js';
it('scratch', () => {
  const r = createRedactor({ rules: [{ name: 'order id', pattern: /\bORD-\d{6}\b/, marker: '[ORDER]' }] });
  for (const s of ['ORD-123456: call +86 138 1234 5678 or mail josé@exämple.com, ID 11010519491231002X', '用户@例子.中国', 'user@例子.中国'])
    console.log(JSON.stringify(s), '=>', JSON.stringify(r(s)));
});
