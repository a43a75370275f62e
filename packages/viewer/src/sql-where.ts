// Builds a WHERE clause and its parameters from optional filters.
import type { SQLInputValue } from 'node:sqlite';

export class Where {
  private readonly parts: string[] = [];
  readonly params: SQLInputValue[] = [];

  /** Adds `condition` (with one `?`) when value is defined. */
  when(condition: string, value: SQLInputValue | undefined): this {
    if (value !== undefined) {
      this.parts.push(condition);
      this.params.push(value);
    }
    return this;
  }

  /** Adds a condition without parameters. */
  always(condition: string): this {
    this.parts.push(condition);
    return this;
  }

  /** Inclusive time range on a column. */
  range(column: string, fromMs: number | undefined, toMs: number | undefined): this {
    return this.when(`${column} >= ?`, fromMs).when(`${column} <= ?`, toMs);
  }

  /** Number of conditions. */
  get size(): number {
    return this.parts.length;
  }

  /** `WHERE a AND b`, or '' when empty. */
  get sql(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.join(' AND ')}`;
  }
}
