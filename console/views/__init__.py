"""The console's pages and endpoints, one blueprint per area."""
