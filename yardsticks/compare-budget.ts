/** What compare trains when no budget is given: ~2-3 minutes a run of the text samples on a 2-core machine's wasm. */
export const DEFAULT_BUDGET_TOKENS = 400_000;
