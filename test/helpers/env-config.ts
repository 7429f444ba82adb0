/** The smallest environment config that validates: tests add the part they are about. */
export const minimalConfig = () => ({
  name: "prod",
  aws: { region: "us-east-1" },
  ecs: { cluster: "c", blueService: "b", greenService: "g" },
  alb: {
    listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2",
    blueTargetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/b/1",
    greenTargetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/g/2",
  },
});
