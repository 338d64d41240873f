-- CreateEnum
CREATE TYPE "RolloutStatus" AS ENUM ('active', 'paused', 'done', 'aborted');

-- AlterTable
ALTER TABLE "route_state_changes" ADD COLUMN     "analysis" JSONB,
ADD COLUMN     "reason" TEXT;

-- CreateTable
CREATE TABLE "rollout_plans" (
    "pattern" TEXT NOT NULL,
    "steps" INTEGER[],
    "bake_seconds" INTEGER NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "status" "RolloutStatus" NOT NULL,
    "step_started_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "last_decision" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rollout_plans_pkey" PRIMARY KEY ("pattern")
);
