import type { ExecutionResult, GraphQLSchema } from "graphql";
import type { DevStore } from "../model/store.js";

export function loadAdminSchema(): GraphQLSchema { throw new Error("todo"); }
export function createAdminExecutor(_store: DevStore): (ctx: { shop: string; apiKey: string }, query: string, variables?: Record<string, unknown>, operationName?: string) => Promise<ExecutionResult> { throw new Error("todo"); }
