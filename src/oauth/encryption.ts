// Tokens at rest: AES-256-GCM with a random nonce per value, bound to the row it belongs to, so a
// copied database file without GOODCALL_ENCRYPTION_KEY reveals no token and a ciphertext moved to
// another installation's row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface TokenCipher {
  /** `context` names the row (its installation key); decrypting needs the same one. */
  encrypt(plain: string, context: string): string;
  decrypt(sealed: string, context: string): string;
}

export class TokenDecryptionError extends Error {
  constructor() {
    // NOTE: no detail from the value or the key: this message may be logged.
    super(
      "a stored token could not be decrypted: GOODCALL_ENCRYPTION_KEY differs from the one it was stored with",
    );
    this.name = "TokenDecryptionError";
  }
}

export function tokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) throw new Error("GOODCALL_ENCRYPTION_KEY must be 32 bytes");
  return {
    encrypt(plain, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, nonce);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${VERSION}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString("base64")}`;
    },
    decrypt(sealed, context) {
      const [version, payload] = sealed.split(":", 2);
      if (version !== VERSION || !payload) throw new TokenDecryptionError();
      const bytes = Buffer.from(payload, "base64");
      if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new TokenDecryptionError();
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, NONCE_BYTES));
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
        const body = bytes.subarray(NONCE_BYTES + TAG_BYTES);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      } catch {
        throw new TokenDecryptionError();
      }
    },
  };
}
