/**
 * `--token` and `--endpoint`, as download, search and info take them: where the Hub is and who asks it
 * (src/hub/config.ts reads them before the environment; parseEndpointArgument checks the URL).
 */
export const TOKEN_FLAGS = '--token <token>';
export const TOKEN_HELP = 'Hub token (default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, $HF_HOME/token)';
export const ENDPOINT_FLAGS = '--endpoint <url>';
export const ENDPOINT_HELP = 'Hub endpoint (default: HF_ENDPOINT or https://huggingface.co)';
