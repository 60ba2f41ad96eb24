::again::
do
  ::again::
end
