import { Box, Text } from "ink";
import type { ReactNode } from "react";
import type { Theme } from "../theme.js";

/** A titled box of fixed size; content beyond its height is cut, never pushed past the terminal. */
export function Pane(props: {
  title: string;
  width: number;
  height: number;
  focused?: boolean;
  theme: Theme;
  children: ReactNode;
  right?: string;
}) {
  if (props.height <= 0 || props.width <= 0) return null;
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <Box width={props.width} height={1}>
        <Text bold={props.focused} inverse={props.focused && props.theme.color} wrap="truncate">
          {props.focused ? "▸ " : "  "}
          {props.title}
        </Text>
        {props.right ? (
          <Box flexGrow={1} justifyContent="flex-end">
            <Text color={props.theme.c("gray")} wrap="truncate">
              {props.right}{" "}
            </Text>
          </Box>
        ) : null}
      </Box>
      <Box flexDirection="column" width={props.width} height={props.height - 1} overflow="hidden">
        {props.children}
      </Box>
    </Box>
  );
}
