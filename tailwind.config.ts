import type { Config } from 'tailwindcss';

export default {
  content: ['./index.html', './src/web/**/*.{ts,tsx}'],
  darkMode: 'class',
  theme: {
    extend: {},
  },
} satisfies Config;
