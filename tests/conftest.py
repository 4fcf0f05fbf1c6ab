"""The helpers' asserts are the tests' asserts: let pytest explain them like the ones in tests."""

import pytest

pytest.register_assert_rewrite("tests.support")
