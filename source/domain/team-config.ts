/**
 * Team mode's config (issue 17): the session shared through S3 (one object per event, conditional
 * writes), the lead as a lease there, and the steps that wait for a second person's approval.
 */
import * as z from "zod";

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region like us-east-1");

const url = z.string().regex(/^https?:\/\/[^\s]+$/, "expected an http(s) URL");

export const teamConfig = z
  .object({
    s3: z
      .object({
        bucket: z
          .string()
          .regex(
            /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
            "expected an S3 bucket name (3–63 lowercase letters, digits, dots and hyphens)",
          ),
        prefix: z
          .string()
          .regex(
            /^[A-Za-z0-9!_.*'()/-]{0,200}$/,
            "expected an S3 key prefix (letters, digits, / ! _ . * ' ( ) -)",
          )
          .default("golive"),
        /** An S3-compatible endpoint (moto in rehearsals, a VPC endpoint); AWS's own when absent. */
        endpoint: url.optional(),
        region: region.optional(),
        /**
         * How long one S3 request may take before golive gives up on it (two attempts): short, since a
         * lead waiting on an unreachable S3 is a lead not looking at the go-live.
         */
        timeoutMs: z.number().int().min(100).max(60_000).optional(),
      })
      .strict(),
    lease: z
      .object({ ttl: z.number().int().min(10).max(3600).default(60) })
      .strict()
      .default({ ttl: 60 }),
    /** Two-person approval (approval.ts): these steps wait for a second AWS identity's approval. */
    approval: z
      .object({
        steps: z.array(z.number().int().min(1).max(100)).min(1),
        expireSeconds: z.number().int().min(30).max(86_400).default(600),
        /** Where STS is asked who is acting (moto in rehearsals); AWS's own when absent. */
        sts: z.object({ endpoint: url.optional(), region: region.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
