/** What a SKU looks like, wherever one appears (order lines, stock paths, rejections). */
export const SKU_PATTERN = /^[A-Z0-9-]{1,32}$/;
