/**
 * A GGUF repo for the search / model-page / `repo:QUANT` tests: several quantizations, a split one
 * (Q6_K, two shards), one in a sub-folder whose file names carry no quantization (IQ4_XS/), an mmproj
 * projector, small companion files, and a README with YAML front matter plus markup that must never run.
 */
import type { TestRepoSpec } from './repo-store.js';

const KB = 1000;

export const GGUF_README = `---
license: apache-2.0
base_model: org/base-model
pipeline_tag: text-generation
tags:
  - gguf
  - llama
---

# Tiny GGUF

Quantized builds of **org/base-model**.

| Quant | Use |
| --- | --- |
| Q4_K_M | recommended |
| Q8_0 | best quality |

<script>window.__cardScriptRan = true;</script>
<img src="x" onerror="window.__cardScriptRan = true" alt="bad image">
<a href="javascript:window.__cardScriptRan = true">bad link</a>
`;

/** Quantization → the files a download of it must fetch (plus GGUF_SMALL_FILES and the mmproj). */
export const GGUF_QUANT_FILES: Record<string, string[]> = {
  Q2_K: ['Tiny-Q2_K.gguf'],
  Q4_K_M: ['Tiny-Q4_K_M.gguf'],
  Q6_K: ['Tiny-Q6_K-00001-of-00002.gguf', 'Tiny-Q6_K-00002-of-00002.gguf'],
  Q8_0: ['Tiny-Q8_0.gguf'],
  IQ4_XS: ['IQ4_XS/Tiny-00001-of-00002.gguf', 'IQ4_XS/Tiny-00002-of-00002.gguf'],
};
export const GGUF_MMPROJ = 'mmproj-Tiny-F16.gguf';
export const GGUF_SMALL_FILES = ['README.md', 'config.json', 'tokenizer.json'];

export function ggufRepoSpec(repoId = 'org/tiny-gguf'): TestRepoSpec {
  return {
    repoId,
    meta: {
      downloads: 5000,
      likes: 42,
      trendingScore: 7,
      tags: ['gguf', 'llama', 'text-generation'],
      pipelineTag: 'text-generation',
      libraryName: 'gguf',
    },
    files: [
      { path: 'README.md', content: GGUF_README },
      { path: 'config.json', content: '{"model_type":"llama"}' },
      { path: 'tokenizer.json', content: '{"version":"1.0"}' },
      { path: 'Tiny-Q2_K.gguf', size: 30 * KB },
      { path: 'Tiny-Q4_K_M.gguf', size: 50 * KB },
      { path: 'Tiny-Q6_K-00001-of-00002.gguf', size: 40 * KB },
      { path: 'Tiny-Q6_K-00002-of-00002.gguf', size: 30 * KB },
      { path: 'Tiny-Q8_0.gguf', size: 90 * KB },
      { path: 'IQ4_XS/Tiny-00001-of-00002.gguf', size: 25 * KB },
      { path: 'IQ4_XS/Tiny-00002-of-00002.gguf', size: 20 * KB },
      { path: GGUF_MMPROJ, size: 20 * KB },
    ],
  };
}
