import { describe, expect, it } from 'vitest';
import { fileGroupOf } from './file-groups.js';

describe('fileGroupOf', () => {
  it('calls config only the names libraries on the Hub give their config files', () => {
    for (const path of [
      'config.json',
      'generation_config.json',
      'preprocessor_config.json',
      'processor_config.json',
      'adapter_config.json',
      'scheduler/scheduler_config.json',
      'unet/config.json',
      'quantize_config.json',
      'config_sentence_transformers.json',
      'sentence_bert_config.json',
      '1_Pooling/config.json',
      'mlc-chat-config.json',
      'model.safetensors.index.json',
      'pytorch_model.bin.index.json',
      'model_index.json',
      'modules.json',
      'params.json',
      'configuration.json',
      'chat_template.json',
      'chat_template.jinja',
      'hyperparams.yaml',
      'Modelfile',
    ]) {
      expect(fileGroupOf(path), path).toBe('config');
    }
  });

  it('puts other JSON files (data chunks, results, training state) under other', () => {
    for (const path of [
      'chunks/part-0000.json',
      'chunks/part-0299.json',
      'data.json',
      'eval_results.json',
      'trainer_state.json',
      'all_results.json',
      'reconfigure.json',
    ]) {
      expect(fileGroupOf(path), path).toBe('other');
    }
  });

  it('keeps tokenizer files under tokenizer, their config included', () => {
    for (const path of [
      'tokenizer.json',
      'tokenizer_config.json',
      'special_tokens_map.json',
      'added_tokens.json',
      'vocab.json',
      'merges.txt',
      'tokenizer.model',
    ]) {
      expect(fileGroupOf(path), path).toBe('tokenizer');
    }
  });
});
