// Memory operations (search / create / update / upsert / delete) against a memory store.
import { type Attributes, SpanKind } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { BaseOperation, type Outcome } from '../operation.js';
import type { Runtime } from '../runtime.js';
import type { MemoryOperation, MemoryRecord, MemoryResult, MemoryStart } from '../types.js';

function resolveRecords(records: MemoryStart['records']): readonly MemoryRecord[] | undefined {
  return typeof records === 'function' ? records() : records;
}

export class MemoryOp extends BaseOperation<MemoryResult> implements MemoryOperation {
  // Names this operation in diagnostics: one fixed word, never the caller's string.
  readonly kind = 'memory';
  private readonly written: MemoryStart['records'];

  constructor(rt: Runtime, o: MemoryStart) {
    // The span's name: a string, whatever was passed.
    const operation = String(o.operation) as MemoryStart['operation'];
    const attributes: Attributes = { [S.ATTR_GEN_AI_OPERATION_NAME]: operation };
    if (o.storeId) attributes[S.ATTR_GEN_AI_MEMORY_STORE_ID] = o.storeId;
    if (o.recordId) attributes[S.ATTR_GEN_AI_MEMORY_RECORD_ID] = o.recordId;
    if (o.provider) attributes[S.ATTR_GEN_AI_PROVIDER_NAME] = o.provider;
    if (o.framework) attributes[S.ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    if (rt.content.enabled) {
      rt.content.text(attributes, S.ATTR_GEN_AI_MEMORY_QUERY_TEXT, o.query);
      rt.content.json(attributes, S.ATTR_GEN_AI_MEMORY_RECORDS, o.records);
    }
    super(rt, S.memorySpanName(operation), SpanKind.CLIENT, o, attributes);
    this.written = o.records;
  }

  protected onEnd(result: MemoryResult | undefined): void {
    const records = result?.records !== undefined ? resolveRecords(result.records) : undefined;
    const count = result?.count ?? records?.length ?? resolveRecords(this.written)?.length;
    if (count !== undefined) this.span.setAttribute(S.ATTR_GEN_AI_MEMORY_RECORD_COUNT, count);
    if (records && this.rt.content.enabled) {
      const attributes: Attributes = {};
      this.rt.content.json(attributes, S.ATTR_GEN_AI_MEMORY_RECORDS, records);
      this.span.setAttributes(attributes);
    }
  }

  protected onFinish(_durationS: number, _outcome: Outcome): void {}
}
