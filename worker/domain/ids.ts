/** Hub model ids in URLs. */

/** A model id (`org/name`, or a legacy id without org) as a URL path: each segment encoded, the slash kept. */
export function idPath(modelId: string): string {
  return modelId.split("/").map(encodeURIComponent).join("/");
}

/** The Hub page of a model id. */
export function hubUrl(modelId: string): string {
  return `https://huggingface.co/${idPath(modelId)}`;
}
