/**
 * What a repo file is for, from its name: weights, config, tokenizer or other. One rule, used by the model
 * page (files grouped by purpose) and by the GGUF quantization rule (which small files come along).
 */

export type FileGroup = 'weights' | 'config' | 'tokenizer' | 'other';

/** Extensions of model weights (the big files); everything else is small metadata, code or media. */
const WEIGHT_EXTENSIONS = [
  '.gguf',
  '.safetensors',
  '.bin',
  '.pt',
  '.pth',
  '.ckpt',
  '.onnx',
  '.onnx_data',
  '.h5',
  '.msgpack',
  '.tflite',
  '.pb',
  '.ot',
  '.npz',
  '.mlmodel',
  '.nemo',
  '.llamafile',
  '.pte',
];

const TOKENIZER = [
  /^tokenizer/i,
  /^vocab\b/i,
  /^merges\.txt$/i,
  /^special_tokens_map\.json$/i,
  /^added_tokens\.json$/i,
  /\.tiktoken$/i,
  /^spiece\.model$/i,
  /^sentencepiece.*\.model$/i,
];

/**
 * Config files by the names libraries on the Hub give them, not every `.json` (a repo of data chunks,
 * `chunks/part-0001.json`, is "other"): `config.json` and any `…_config.json`, `config_….json` or
 * `…-config.json` (transformers' generation_config / preprocessor_config / processor_config, PEFT's
 * adapter_config, diffusers' scheduler_config, GPTQ's quantize_config, sentence-transformers'
 * config_sentence_transformers, MLC's mlc-chat-config), the weight index (`model.safetensors.index.json`),
 * diffusers' `model_index.json`, sentence-transformers' `modules.json`, Mistral's `params.json`, ModelScope's
 * `configuration.json`, chat templates, YAML and Ollama's Modelfile and params. Tokenizer files
 * (`tokenizer_config.json`) are matched before these.
 */
const CONFIG = [
  /(^|[_.-])config([_.-][^/]*)?\.json$/i,
  /\.index\.json$/i,
  /^(model_index|modules|params|configuration)\.json$/i,
  /\.ya?ml$/i,
  /^chat_template/i,
  /\.jinja$/i,
  /^modelfile$/i,
  /^params$/i,
];

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A weights file (by extension; sharded `model-00001-of-00004.safetensors` included). */
export function isWeightFile(path: string): boolean {
  const name = baseName(path).toLowerCase();
  return WEIGHT_EXTENSIONS.some((extension) => name.endsWith(extension));
}

export function fileGroupOf(path: string): FileGroup {
  if (isWeightFile(path)) return 'weights';
  const name = baseName(path);
  if (TOKENIZER.some((pattern) => pattern.test(name))) return 'tokenizer';
  if (CONFIG.some((pattern) => pattern.test(name))) return 'config';
  return 'other';
}

/** Files grouped by purpose, each group keeping the input order. */
export function groupFiles<T extends { path: string }>(files: readonly T[]): Record<FileGroup, T[]> {
  const groups: Record<FileGroup, T[]> = { weights: [], config: [], tokenizer: [], other: [] };
  for (const file of files) groups[fileGroupOf(file.path)].push(file);
  return groups;
}
