import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The bundle is served by `tally serve` (embedded into the binary, or from TALLY_WEB_ROOT).
// During development, `npx vite` proxies the API to a local `tally serve` on port 8080.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8080",
      "/health": "http://127.0.0.1:8080",
    },
  },
});
