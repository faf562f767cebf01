/**
 * Last line of defence for tokens in text that leaves the process (error messages, notifications, log
 * lines). Hub user access tokens start with `hf_` (huggingface_hub `constants.py`, token docs); the
 * Authorization value and `?token=` parameters are masked wherever a URL or header is echoed.
 */
const HF_TOKEN = /\bhf_[A-Za-z0-9]{8,}\b/g;
const BEARER = /\b(Bearer\s+)[^\s"',;]+/gi;
const TOKEN_PARAM = /([?&](?:token|access_token|api_token)=)[^&#\s"']*/gi;

export function scrubSecrets(text: string): string {
  return text.replace(HF_TOKEN, 'hf_***').replace(BEARER, '$1***').replace(TOKEN_PARAM, '$1***');
}

/** A URL path with its `?token=` value masked, for request logs (the path and other parameters stay). */
export function maskTokenParams(url: string): string {
  return url.replace(TOKEN_PARAM, '$1***');
}
