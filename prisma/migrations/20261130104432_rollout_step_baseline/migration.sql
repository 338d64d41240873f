-- AlterTable
ALTER TABLE "rollout_plans" ADD COLUMN     "step_baseline" JSONB;
